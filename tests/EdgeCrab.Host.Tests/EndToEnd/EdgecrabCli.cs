namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>Runs the <c>edgecrab</c> command in-process with the console captured; only in <see cref="ConsoleCollection"/> tests.</summary>
internal static class EdgecrabCli
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (await Program.Main(args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
