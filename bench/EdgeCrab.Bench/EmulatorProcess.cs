using System.Diagnostics;
using EdgeCrab.DingTalk;

namespace EdgeCrab.Bench;

/// <summary>
/// The emulator in a process of its own (<c>edgecrab emulator</c>, from the bench's own output folder), so that what
/// the gateway's process does — its collections above all — is the gateway's alone, as when the Node SDK is measured.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseUri, DingTalkCredentials credentials)
    {
        _process = process;
        BaseUri = baseUri;
        Credentials = credentials;
    }

    public Uri BaseUri { get; }
    public DingTalkCredentials Credentials { get; }
    /// <summary>The operating system's process, for what it costs the machine (<see cref="CpuActivity"/>).</summary>
    public Process Process => _process;

    public static async Task<EmulatorProcess> StartAsync()
    {
        var credentials = new DingTalkCredentials("benchKey" + Guid.NewGuid().ToString("N")[..8], "benchSecret" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "edgecrab.dll"), "emulator", "--port", "0",
            "--app-key", credentials.AppKey, "--app-secret", credentials.AppSecret]) { RedirectStandardOutput = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start `edgecrab emulator`");
        const string listening = "DingTalk emulator listening on ";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(listening, StringComparison.Ordinal))
            {
                // The rest of its output is its two credential lines: read and dropped so the pipe never fills.
                _ = process.StandardOutput.ReadToEndAsync();
                return new EmulatorProcess(process, new Uri(line[listening.Length..].Trim() + "/"), credentials);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("`edgecrab emulator` exited before saying where it listens");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
