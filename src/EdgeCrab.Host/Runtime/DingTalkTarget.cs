using EdgeCrab.DingTalk;

namespace EdgeCrab.Host.Runtime;

/// <summary>The DingTalk the gateway talks to: the real one (or whatever the settings point at), or the in-process emulator.</summary>
internal sealed record DingTalkTarget(DingTalkCredentials Credentials, DingTalkEndpoints Endpoints, string RobotCode, Uri? ChatPage);
