namespace Nexus.Kernel.Auth;

internal static class Scopes
{
    public const string Read = "panels:read";
    public const string Write = "panels:write";
    public const string Execute = "panels:execute";
    public const string Ext = "panels:ext";
    public const string Admin = "panels:admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Execute, Ext, Admin];
}
