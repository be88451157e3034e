using System.Reflection;

namespace EdgeCrab.DingTalk.Emulator.ChatPage;

/// <summary>Serves the chat page (HTML, script, style) from the files embedded in this assembly.</summary>
internal static class ChatPageEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["style.css"] = "text/css; charset=utf-8",
    };

    public static void MapChatPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html"));
        app.MapGet("/chat/{file}", (string file) => Serve(file));
    }

    private static IResult Serve(string file)
    {
        if (!ContentTypes.TryGetValue(file, out var contentType))
            return Http.ApiErrors.Control(404, $"no chat page file '{file}'");
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ChatPage/" + file);
        return stream is null ? Http.ApiErrors.Control(404, $"no chat page file '{file}'") : Results.Stream(stream, contentType);
    }
}
