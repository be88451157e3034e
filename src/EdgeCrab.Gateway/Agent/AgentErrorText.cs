using System.ClientModel;
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
        // The OpenAI client's errors: after its retries (ModelRetryPolicy) for 429 and 5xx.
        ClientResultException { Status: 401 or 403 } => "the model provider refused our credentials.",
        ClientResultException { Status: 429 } => "the model provider is rate limiting us.",
        ClientResultException { Status: >= 500 } => "the model provider had an internal error.",
        ClientResultException => "the model provider returned an error.",
        _ => "an unexpected error occurred in the agent.",
    };
}
