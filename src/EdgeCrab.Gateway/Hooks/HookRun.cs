namespace EdgeCrab.Gateway.Hooks;

/// <summary>
/// How one handler run ended. Only <see cref="Answer"/> matters to the gateway: every other way out means "continue",
/// and <see cref="Problem"/> says why for the log (once, with the hook's name).
/// </summary>
/// <param name="Problem">Null when the handler exited 0 in time; else a short reason (timeout, exit code, could not start).</param>
public sealed record HookRun(HookAnswer Answer, string? Problem, int? ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => Problem is null;
}
