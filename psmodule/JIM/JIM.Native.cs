// P/Invoke declarations for the jim_native library, the small wrappers that turn its
// out-pointers into managed strings, and the conversion of its JSON documents into
// PowerShell objects. The declarations mirror crates/jim-native/include/jim.h;
// a Pester test compares the two, so change both together.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace JIM.Native
{
    /// <summary>Status codes returned by every export of jim_native.</summary>
    public enum JimStatus
    {
        Ok = 0,
        InvalidArgument = 1,
        NotFound = 2,
        Unauthorised = 3,
        Forbidden = 4,
        BadRequest = 5,
        Conflict = 6,
        RateLimited = 7,
        ServerError = 8,
        ConnectionFailed = 9,
        TimedOut = 10,
        InvalidResponse = 11,
        Internal = 12,
    }

    /// <summary>
    /// A failure reported by the JIM server or the native library, as it appears in the
    /// Exception property of the module's error records.
    /// </summary>
    public sealed class JimException : Exception
    {
        /// <summary>The native status name, such as NotFound or BadRequest.</summary>
        public string Status { get; }

        /// <summary>The HTTP status code, when the server sent a response.</summary>
        public int? HttpStatus { get; }

        /// <summary>The server's error code, such as VALIDATION_ERROR.</summary>
        public string ServerCode { get; }

        /// <summary>The server's validation errors, field name to messages, or null.</summary>
        public System.Collections.IDictionary ValidationErrors { get; }

        /// <summary>The activity a run failure or a time-out refers to, or null.</summary>
        public string ActivityId { get; }

        public JimException(
            string message,
            string status,
            int? httpStatus,
            string serverCode,
            System.Collections.IDictionary validationErrors,
            string activityId)
            : base(message)
        {
            Status = status;
            HttpStatus = httpStatus;
            ServerCode = serverCode;
            ValidationErrors = validationErrors;
            ActivityId = activityId;
        }
    }

    /// <summary>A connection handle, closed by jim_connection_close when released.</summary>
    public sealed class JimConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public JimConnectionHandle() : base(true)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.jim_connection_close(handle);
            return true;
        }
    }

    /// <summary>The outcome of one native call: the status and the returned documents.</summary>
    public sealed class NativeResult
    {
        public JimStatus Status { get; }
        public string Json { get; }
        public string Error { get; }

        public NativeResult(JimStatus status, string json, string error)
        {
            Status = status;
            Json = json;
            Error = error;
        }
    }

    internal static class NativeMethods
    {
        internal const string LibraryName = "jim_native";

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_connection_open(
            [MarshalAs(UnmanagedType.LPUTF8Str)] string url,
            byte[] apiKey,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string optionsJson,
            out JimConnectionHandle outConnection,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void jim_connection_close(IntPtr connection);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_connected_system_list(
            JimConnectionHandle connection,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_connected_system_get(
            JimConnectionHandle connection,
            int id,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_partition_list(
            JimConnectionHandle connection,
            int connectedSystemId,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_run_profile_list(
            JimConnectionHandle connection,
            int connectedSystemId,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_run_profile_find(
            JimConnectionHandle connection,
            int runProfileId,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_run_profile_create(
            JimConnectionHandle connection,
            int connectedSystemId,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string requestJson,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_run_profile_update(
            JimConnectionHandle connection,
            int connectedSystemId,
            int runProfileId,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string requestJson,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_run_profile_delete(
            JimConnectionHandle connection,
            int connectedSystemId,
            int runProfileId,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_run_profile_start(
            JimConnectionHandle connection,
            int connectedSystemId,
            int runProfileId,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_activity_progress(
            JimConnectionHandle connection,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string activityId,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_activity_get(
            JimConnectionHandle connection,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string activityId,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern JimStatus jim_activity_list(
            JimConnectionHandle connection,
            int maxCount,
            out IntPtr outJson,
            out IntPtr outError);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void jim_string_free(IntPtr value);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr jim_library_version();
    }

    /// <summary>The calls the PowerShell module makes, with every returned string freed.</summary>
    public static class Api
    {
        private static readonly object ResolverLock = new object();
        private static string libraryPath;

        /// <summary>
        /// Points the P/Invoke declarations at the library file beside the module. .NET allows
        /// one resolver per assembly, so only the first call installs it. A later call, from a
        /// second Import-Module, changes the path that the resolver loads. That path counts only
        /// until the first P/Invoke has loaded the library.
        /// </summary>
        public static void Initialise(string path)
        {
            lock (ResolverLock)
            {
                bool first = libraryPath == null;
                libraryPath = path;
                if (first)
                {
                    NativeLibrary.SetDllImportResolver(typeof(Api).Assembly, Resolve);
                }
            }
        }

        private static IntPtr Resolve(
            string name,
            Assembly assembly,
            DllImportSearchPath? searchPath)
        {
            if (name != NativeMethods.LibraryName)
            {
                return IntPtr.Zero;
            }
            return NativeLibrary.Load(libraryPath);
        }

        public static string LibraryVersion()
        {
            return Marshal.PtrToStringUTF8(NativeMethods.jim_library_version());
        }

        /// <summary>
        /// Opens a connection. The API key is copied from the SecureString into a NUL-terminated
        /// UTF-8 buffer, which is cleared as soon as the call returns.
        /// </summary>
        public static NativeResult ConnectionOpen(
            string url,
            SecureString apiKey,
            string optionsJson,
            out JimConnectionHandle connection)
        {
            byte[] keyBytes = apiKey == null ? null : ToUtf8(apiKey);
            try
            {
                JimStatus status = NativeMethods.jim_connection_open(
                    url, keyBytes, optionsJson, out connection, out IntPtr json, out IntPtr error);
                return Take(status, json, error);
            }
            finally
            {
                if (keyBytes != null)
                {
                    Array.Clear(keyBytes, 0, keyBytes.Length);
                }
            }
        }

        public static NativeResult ConnectedSystemList(JimConnectionHandle connection)
        {
            JimStatus status = NativeMethods.jim_connected_system_list(
                connection, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult ConnectedSystemGet(JimConnectionHandle connection, int id)
        {
            JimStatus status = NativeMethods.jim_connected_system_get(
                connection, id, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult PartitionList(
            JimConnectionHandle connection,
            int connectedSystemId)
        {
            JimStatus status = NativeMethods.jim_partition_list(
                connection, connectedSystemId, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult RunProfileList(
            JimConnectionHandle connection,
            int connectedSystemId)
        {
            JimStatus status = NativeMethods.jim_run_profile_list(
                connection, connectedSystemId, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult RunProfileFind(JimConnectionHandle connection, int runProfileId)
        {
            JimStatus status = NativeMethods.jim_run_profile_find(
                connection, runProfileId, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult RunProfileCreate(
            JimConnectionHandle connection,
            int connectedSystemId,
            string requestJson)
        {
            JimStatus status = NativeMethods.jim_run_profile_create(
                connection, connectedSystemId, requestJson, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult RunProfileUpdate(
            JimConnectionHandle connection,
            int connectedSystemId,
            int runProfileId,
            string requestJson)
        {
            JimStatus status = NativeMethods.jim_run_profile_update(
                connection,
                connectedSystemId,
                runProfileId,
                requestJson,
                out IntPtr json,
                out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult RunProfileDelete(
            JimConnectionHandle connection,
            int connectedSystemId,
            int runProfileId)
        {
            JimStatus status = NativeMethods.jim_run_profile_delete(
                connection, connectedSystemId, runProfileId, out IntPtr error);
            return Take(status, IntPtr.Zero, error);
        }

        public static NativeResult RunProfileStart(
            JimConnectionHandle connection,
            int connectedSystemId,
            int runProfileId)
        {
            JimStatus status = NativeMethods.jim_run_profile_start(
                connection, connectedSystemId, runProfileId, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult ActivityProgress(
            JimConnectionHandle connection,
            string activityId)
        {
            JimStatus status = NativeMethods.jim_activity_progress(
                connection, activityId, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult ActivityGet(JimConnectionHandle connection, string activityId)
        {
            JimStatus status = NativeMethods.jim_activity_get(
                connection, activityId, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        public static NativeResult ActivityList(JimConnectionHandle connection, int maxCount)
        {
            JimStatus status = NativeMethods.jim_activity_list(
                connection, maxCount, out IntPtr json, out IntPtr error);
            return Take(status, json, error);
        }

        // Copies both returned strings into managed memory and frees the native ones.
        private static NativeResult Take(JimStatus status, IntPtr json, IntPtr error)
        {
            try
            {
                return new NativeResult(
                    status, Marshal.PtrToStringUTF8(json), Marshal.PtrToStringUTF8(error));
            }
            finally
            {
                NativeMethods.jim_string_free(json);
                NativeMethods.jim_string_free(error);
            }
        }

        private static byte[] ToUtf8(SecureString value)
        {
            IntPtr unicode = Marshal.SecureStringToGlobalAllocUnicode(value);
            char[] chars = new char[value.Length];
            try
            {
                Marshal.Copy(unicode, chars, 0, chars.Length);
                byte[] bytes = new byte[Encoding.UTF8.GetByteCount(chars) + 1];
                Encoding.UTF8.GetBytes(chars, 0, chars.Length, bytes, 0);
                return bytes;
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                Marshal.ZeroFreeGlobalAllocUnicode(unicode);
            }
        }
    }

    /// <summary>
    /// Converts the library's JSON documents into PowerShell objects with PascalCase property
    /// names. Doing it here rather than in script is what keeps a list of a thousand
    /// Connected Systems quick to shape.
    /// </summary>
    public static class JsonShape
    {
        // ISO 8601 date-times as the server sends them, such as 2026-07-13T12:00:00Z.
        private static readonly Regex DateTimePattern = new Regex(
            @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
            RegexOptions.CultureInvariant);

        /// <summary>
        /// Parses a document into objects: one per element of a top-level array, else one.
        /// Each top-level object gets the type name (when not null) and its properties in the
        /// order of <paramref name="first"/>, then the rest in document order.
        /// </summary>
        public static object[] Parse(string json, string typeName, string[] first)
        {
            using (JsonDocument document = JsonDocument.Parse(json))
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    var items = new List<object>();
                    foreach (JsonElement item in root.EnumerateArray())
                    {
                        items.Add(ConvertTop(item, typeName, first));
                    }
                    return items.ToArray();
                }
                return new[] { ConvertTop(root, typeName, first) };
            }
        }

        private static object ConvertTop(JsonElement element, string typeName, string[] first)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return ConvertValue(element);
            }
            PSObject shaped = ConvertObject(element, first);
            if (!string.IsNullOrEmpty(typeName))
            {
                shaped.TypeNames.Insert(0, typeName);
            }
            return shaped;
        }

        private static PSObject ConvertObject(JsonElement element, string[] first)
        {
            var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            if (first != null)
            {
                foreach (string name in first)
                {
                    if (!values.ContainsKey(name))
                    {
                        values[name] = null;
                        order.Add(name);
                    }
                }
            }
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string name = ToPascalCase(property.Name);
                if (!values.ContainsKey(name))
                {
                    order.Add(name);
                }
                values[name] = ConvertValue(property.Value);
            }
            var shaped = new PSObject();
            foreach (string name in order)
            {
                shaped.Properties.Add(new PSNoteProperty(name, values[name]));
            }
            return shaped;
        }

        private static object ConvertValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    return ConvertObject(element, null);
                case JsonValueKind.Array:
                    var items = new List<object>();
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items.Add(ConvertValue(item));
                    }
                    return items.ToArray();
                case JsonValueKind.String:
                    string text = element.GetString();
                    if (DateTimePattern.IsMatch(text) && DateTime.TryParse(
                            text,
                            CultureInfo.InvariantCulture,
                            DateTimeStyles.RoundtripKind,
                            out DateTime date))
                    {
                        return date;
                    }
                    return text;
                case JsonValueKind.Number:
                    if (element.TryGetInt32(out int small))
                    {
                        return small;
                    }
                    if (element.TryGetInt64(out long large))
                    {
                        return large;
                    }
                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static string ToPascalCase(string name)
        {
            if (string.IsNullOrEmpty(name) || char.IsUpper(name[0]))
            {
                return name;
            }
            return char.ToUpperInvariant(name[0]) + name.Substring(1);
        }
    }
}
