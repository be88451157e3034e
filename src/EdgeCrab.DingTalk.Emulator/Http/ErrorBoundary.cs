using Microsoft.Extensions.Logging;

namespace EdgeCrab.DingTalk.Emulator.Http;

/// <summary>Last line of defence: a request the endpoints did not expect becomes a JSON error, never a dropped connection.</summary>
internal sealed class ErrorBoundary(RequestDelegate next, ILogger<ErrorBoundary> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ApiErrors.Api(e.StatusCode, "invalidParameter", "the request could not be read").ExecuteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "emulator failed on {Method} {Path}", context.Request.Method, context.Request.Path);
            await ApiErrors.Api(500, "InternalError", "the emulator failed; see its log").ExecuteAsync(context);
        }
    }
}
