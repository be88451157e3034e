namespace EdgeCrab.Host.Settings;

/// <summary>How much the gateway logs (<c>EDGECRAB_LOG_LEVEL</c>).</summary>
public enum GatewayLogLevel
{
    Debug,
    Info,
    Warning,
}
