namespace EdgeCrab.Bench;

/// <summary>One figure of a run: what was measured, its value, and what it was measured on.</summary>
internal sealed record Figure(string Section, string Name, string Value, string Note = "");

/// <summary>The figures of a run, printed as plain aligned text.</summary>
internal sealed class Report
{
    private readonly List<Figure> _figures = [];

    public void Add(string section, string name, string value, string note = "")
    {
        lock (_figures) _figures.Add(new Figure(section, name, value, note));
        Console.Error.WriteLine($"  [{section}] {name}: {value} {note}".TrimEnd());
    }

    public IReadOnlyList<Figure> Figures
    {
        get { lock (_figures) return _figures.ToArray(); }
    }

    public void Print(TextWriter output)
    {
        var figures = Figures;
        if (figures.Count == 0) return;
        var section = Math.Max(7, figures.Max(f => f.Section.Length));
        var name = Math.Max(6, figures.Max(f => f.Name.Length));
        var value = Math.Max(5, figures.Max(f => f.Value.Length));
        output.WriteLine($"{"section".PadRight(section)}  {"figure".PadRight(name)}  {"value".PadLeft(value)}  note");
        output.WriteLine($"{new string('-', section)}  {new string('-', name)}  {new string('-', value)}  {new string('-', 4)}");
        string? last = null;
        foreach (var f in figures)
        {
            var shown = f.Section == last ? "" : f.Section;
            last = f.Section;
            output.WriteLine($"{shown.PadRight(section)}  {f.Name.PadRight(name)}  {f.Value.PadLeft(value)}  {f.Note}".TrimEnd());
        }
    }
}

/// <summary>Number formats shared by every figure.</summary>
internal static class Format
{
    public static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "N0" : "N1", System.Globalization.CultureInfo.InvariantCulture) + "/s";

    public static string Ms(double ms) => ms.ToString(ms >= 100 ? "N0" : "N1", System.Globalization.CultureInfo.InvariantCulture) + " ms";

    public static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public static string KiB(long bytes) => (bytes / 1024.0).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) + " KiB";

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " MiB";

    public static string Percent(double fraction) => (fraction * 100).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " %";
}
