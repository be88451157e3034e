using System.Text.Json;

namespace EdgeCrab.DingTalk.Emulator.Http;

/// <summary>
/// Typed reads of a JSON request object. A field of the wrong type is recorded as a problem instead of throwing,
/// so every endpoint can answer malformed input with a clear 4xx.
/// </summary>
internal sealed class RequestObject(JsonElement root)
{
    private readonly List<string> _problems = [];

    public JsonElement Root => root;

    /// <summary>The first problem met so far, or null.</summary>
    public string? Problem => _problems.Count == 0 ? null : _problems[0];

    public IEnumerable<string> Names => root.EnumerateObject().Select(p => p.Name);

    public bool Has(string name) => root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required = false, int maxLength = 100_000)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) _problems.Add($"'{name}' is required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            _problems.Add($"'{name}' must be a string");
            return null;
        }
        var s = v.GetString()!;
        if (required && s.Length == 0) _problems.Add($"'{name}' must not be empty");
        if (s.Length > maxLength) _problems.Add($"'{name}' is longer than {maxLength} characters");
        return s;
    }

    public bool? Bool(string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        _problems.Add($"'{name}' must be true or false");
        return null;
    }

    public long? Long(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            _problems.Add($"'{name}' must be an integer");
            return null;
        }
        if (n < min || n > max)
        {
            _problems.Add($"'{name}' must be between {min} and {max}");
            return null;
        }
        return n;
    }

    /// <summary>A switch that is either a boolean (true = once) or a count.</summary>
    public int? Count(string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean() ? 1 : 0;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0) return n;
        _problems.Add($"'{name}' must be true, false or a count >= 0");
        return null;
    }

    public RequestObject? Object(string name, bool required = false)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) _problems.Add($"'{name}' is required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            _problems.Add($"'{name}' must be an object");
            return null;
        }
        return new RequestObject(v);
    }

    public IReadOnlyList<JsonElement>? Array(string name, bool required = false)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) _problems.Add($"'{name}' is required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            _problems.Add($"'{name}' must be an array");
            return null;
        }
        return v.EnumerateArray().ToArray();
    }

    public IReadOnlyList<string>? Strings(string name, bool required = false)
    {
        var items = Array(name, required);
        if (items is null) return null;
        if (items.Any(i => i.ValueKind != JsonValueKind.String))
        {
            _problems.Add($"'{name}' must be an array of strings");
            return null;
        }
        return items.Select(i => i.GetString()!).ToArray();
    }

    /// <summary>A map of string values (a card's <c>cardParamMap</c>).</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string name)
    {
        var map = Object(name);
        if (map is null) return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in map.Root.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                _problems.Add($"'{name}.{p.Name}' must be a string");
                return null;
            }
            result[p.Name] = p.Value.GetString()!;
        }
        return result;
    }

    public void Fail(string problem) => _problems.Add(problem);

    /// <summary>Adds the problems of a nested object read through <see cref="Object"/>.</summary>
    public void Absorb(RequestObject? nested)
    {
        if (nested?.Problem is { } p) _problems.Add(p);
    }
}
