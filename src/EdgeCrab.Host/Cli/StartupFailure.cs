using EdgeCrab.DingTalk.Security;

namespace EdgeCrab.Host.Cli;

/// <summary>One line that says why start-up failed, with any secret masked.</summary>
internal static class StartupFailure
{
    private static readonly SecretRedactor Redactor = new();

    public static string Describe(Exception e)
    {
        var root = e;
        while (root.InnerException is not null && root is AggregateException or TypeInitializationException or System.Reflection.TargetInvocationException)
            root = root.InnerException;
        return Redactor.Redact($"{root.Message} ({root.GetType().Name})");
    }
}
