using System.Net;

namespace EdgeCrab.Gateway.Agent;

/// <summary>A short, safe sentence for the user about why the agent failed: never the provider's raw message.</summary>
public static class AgentErrorText
{
    public static string For(Exception e) => e switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => "the model provider refused our credentials.",
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => "the model provider is rate limiting us.",
        HttpRequestException { StatusCode: { } status } when (int)status >= 500 => "the model provider had an internal error.",
        HttpRequestException => "the model provider could not be reached.",
        _ when e.GetType().Name.Contains("ClientResultException", StringComparison.Ordinal) => "the model provider returned an error.",
        _ => "an unexpected error occurred in the agent.",
    };
}
