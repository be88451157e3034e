using System.Diagnostics;
using System.Text;

namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// Runs a hook's handler once: the event as JSON on stdin, in the hook's own folder, with a clean environment
/// (<c>PATH</c>, <c>HOME</c>, <c>LANG</c> and the hook's <c>env</c>, nothing of the gateway's secrets), stdout and
/// stderr kept to <see cref="MaxOutputChars"/>, and the whole process tree killed at the hook's timeout. Never throws
/// for anything the handler does.
/// </summary>
public static class HookProcess
{
    /// <summary>What is kept of each of stdout and stderr; the rest is read and dropped, so a chatty handler cannot block.</summary>
    public const int MaxOutputChars = 64 * 1024;

    /// <summary>The only variables a handler inherits from the gateway's environment.</summary>
    public static readonly IReadOnlyList<string> Inherited = ["PATH", "HOME", "LANG"];

    private static readonly Lazy<bool> NodeStripsTypes = new(() => Probe("node", "--experimental-strip-types", "-e", ""));

    /// <summary>Whether this machine can run a hook of <paramref name="runtime"/>, and why not (the first TypeScript ask runs node once).</summary>
    public static string? NotRunnable(HookRuntime runtime) => runtime switch
    {
        HookRuntime.TypeScript when !NodeStripsTypes.Value => "handler.ts needs a node that strips types (22.6 or later); this one does not",
        _ => null,
    };

    public static async Task<HookRun> RunAsync(Hook hook, HookEvent hookEvent, CancellationToken ct = default)
    {
        // The node probe runs a process once: off the caller's thread, which may be an actor's.
        if (hook.Runtime == HookRuntime.TypeScript && await Task.Run(() => NotRunnable(hook.Runtime), ct).ConfigureAwait(false) is { } notRunnable)
            return new HookRun(HookAnswer.Continue.Instance, notRunnable, null, "", "");
        var start = StartInfo(hook);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new HookRun(HookAnswer.Continue.Instance, $"could not start {start.FileName}: {e.Message}", null, "", "");
        }
        var stdout = ReadBoundedAsync(process.StandardOutput);
        var stderr = ReadBoundedAsync(process.StandardError);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(hook.Timeout);
        string? problem = null;
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(hookEvent.ToJson().AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The handler exited without reading its input: what it answered still counts.
            }
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            problem = ct.IsCancellationRequested ? "stopped with the gateway" : $"no answer within {hook.Timeout.TotalSeconds:0.#} s";
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var (output, errors) = (await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        if (problem is not null) return new HookRun(HookAnswer.Continue.Instance, problem, null, output, errors);
        if (process.ExitCode != 0) return new HookRun(HookAnswer.Continue.Instance, $"exited with code {process.ExitCode}", process.ExitCode, output, errors);
        return new HookRun(HookAnswer.Parse(output), null, 0, output, errors);
    }

    private static ProcessStartInfo StartInfo(Hook hook)
    {
        var (file, arguments) = hook.Runtime switch
        {
            HookRuntime.Python => ("python3", new[] { hook.HandlerPath }),
            HookRuntime.JavaScript => ("node", new[] { hook.HandlerPath }),
            HookRuntime.TypeScript => ("node", new[] { "--experimental-strip-types", "--no-warnings", hook.HandlerPath }),
            HookRuntime.Shell => ("bash", new[] { hook.HandlerPath }),
            _ => (hook.HandlerPath, Array.Empty<string>()),
        };
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = hook.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A clean environment: the gateway's own (AppSecret, LLM key, PostgreSQL password) never reaches a handler
        // unless the hook's env names a value itself.
        start.Environment.Clear();
        foreach (var name in Inherited)
            if (Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;
        foreach (var (name, value) in hook.Env) start.Environment[name] = value;
        return start;
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            kept.Append(buffer, 0, Math.Min(read, Math.Max(0, MaxOutputChars - kept.Length)));
        return kept.ToString();
    }

    private static bool Probe(string file, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null) return false;
            if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill(entireProcessTree: true);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
