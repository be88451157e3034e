using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCrab.DingTalk.Emulator.Http;

/// <summary>The JSON settings of every answer: DingTalk's camelCase names, absent rather than null optional fields.</summary>
internal static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IResult Ok(object body) => Results.Json(body, Options);

    public static IResult Status(int status, object body) => Results.Json(body, Options, statusCode: status);
}
