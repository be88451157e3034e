using EdgeCrab.DingTalk.Rest;
using EdgeCrab.DingTalk.Security;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCrab.Host.Runtime;

/// <summary>Registers the DingTalk REST client on an <see cref="IHttpClientFactory"/> client that never follows a redirect.</summary>
internal static class DingTalkClientHosting
{
    /// <summary>The named client's name: DingTalk's REST calls and its session webhooks go through it.</summary>
    public const string ClientName = "dingtalk";

    public static IServiceCollection AddDingTalkRestClient(this IServiceCollection services, DingTalkTarget target, SecretRedactor redactor)
    {
        services.AddHttpClient(ClientName, http => http.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // An access-token header must never follow a redirect to wherever a 3xx points: a redirect is an error.
                AllowAutoRedirect = false,
                // The client is held for the process's life: re-resolve DNS now and then instead of rotating handlers.
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new DingTalkRestClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName), target.Endpoints, target.Credentials, redactor));
        return services;
    }
}
