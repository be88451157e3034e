namespace EdgeCrab.DingTalk.Emulator;

/// <summary>The <c>edgecrab emulator</c> command: runs the emulator alone and says how to reach it.</summary>
public static class EmulatorConsole
{
    public static async Task<int> RunAsync(int port, string? appKey, string? appSecret, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        DingTalkEmulator emulator;
        try
        {
            emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { Port = port, AppKey = appKey, AppSecret = appSecret }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            await output.WriteLineAsync($"DingTalk emulator cannot listen on 127.0.0.1:{port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        await using var _ = emulator;
        await output.WriteLineAsync($"DingTalk emulator listening on {emulator.BaseUri.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
        await output.WriteLineAsync($"AppKey: {emulator.Credentials.AppKey}").ConfigureAwait(false);
        // Printed on purpose: the user needs it to configure a client, as DingTalk's console shows it to the app's owner.
        await output.WriteLineAsync($"AppSecret: {emulator.Credentials.AppSecret}").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
