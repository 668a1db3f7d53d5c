using System.Text.Json.Serialization;

namespace Nexus.Kernel.Tests.Support;

[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class TestJson : JsonSerializerContext;
