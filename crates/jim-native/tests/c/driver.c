/*
 * A C caller of the JIM native library, built and run by tests/c_abi.rs.
 *
 * Usage: driver URL API_KEY close|leave-open
 * Opens a connection, reads Connected System 99 (for which the test server returns 404),
 * checks the outputs and exits with status 42, closing the connection first or leaving it
 * open. Any other exit status names the check that failed.
 */
#include <stdio.h>
#include <string.h>

#include "jim.h"

int main(int argc, char **argv) {
    if (argc != 4) {
        return 2;
    }
    JimConnection *connection = NULL;
    char *json = NULL;
    char *error = NULL;
    JimStatus status = jim_connection_open(argv[1], argv[2], "{\"retryDelayMilliseconds\": 1}",
                                           &connection, &json, &error);
    if (status != JIM_STATUS_OK || connection == NULL || json == NULL || error != NULL) {
        printf("open failed with status %d: %s\n", (int)status, error ? error : "(no document)");
        return 10;
    }
    if (strstr(json, "\"userInfo\"") == NULL) {
        return 11;
    }
    jim_string_free(json);

    status = jim_connected_system_get(connection, 99, &json, &error);
    if (status != JIM_STATUS_NOT_FOUND || json != NULL || error == NULL) {
        return 12;
    }
    if (strstr(error, "\"status\":\"NotFound\"") == NULL || strstr(error, argv[2]) != NULL) {
        return 13;
    }
    jim_string_free(error);

    if (strcmp(argv[3], "close") == 0) {
        jim_connection_close(connection);
    }
    return 42;
}
