using System.Collections.Concurrent;
using System.Net;
using EdgeCrab.DingTalk;
using EdgeCrab.DingTalk.Security;
using EdgeCrab.Host.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeCrab.Host.Tests.Hosting;

/// <summary>The DingTalk client as the container builds it: a 3xx from "DingTalk" is an answer, never a place the access token goes next.</summary>
public sealed class DingTalkClientHostingSpecs
{
    private const string TokenHeader = "x-acs-dingtalk-access-token";

    /// <summary>A loopback server that records each request's path and token header, and redirects <c>/redirect</c> to <c>/elsewhere</c>.</summary>
    private static async Task<(WebApplication App, Uri Address)> StartServerAsync(ConcurrentQueue<(string Path, string? Token)> seen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            seen.Enqueue((context.Request.Path, context.Request.Headers[TokenHeader].FirstOrDefault()));
            return next(context);
        });
        app.MapPost("/redirect", () => Results.Redirect("/elsewhere", permanent: false, preserveMethod: true));
        app.MapPost("/elsewhere", () => Results.Json(new { stolen = true }));
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }

    [Fact]
    public async Task The_registered_client_should_not_follow_a_redirect_with_the_access_token()
    {
        var seen = new ConcurrentQueue<(string Path, string? Token)>();
        var (server, address) = await StartServerAsync(seen);
        await using var _ = server;
        var target = new DingTalkTarget(new DingTalkCredentials("key", "secret-value"), DingTalkEndpoints.SingleHost(address), "robot", null);
        await using var services = new ServiceCollection().AddDingTalkRestClient(target, new SecretRedactor()).BuildServiceProvider();

        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(DingTalkClientHosting.ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/redirect")) { Content = new StringContent("{}") };
        request.Headers.Add(TokenHeader, "token-that-must-stay-home");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RedirectKeepVerb, response.StatusCode);
        Assert.Equal([("/redirect", "token-that-must-stay-home")], seen.ToArray());
    }
}
