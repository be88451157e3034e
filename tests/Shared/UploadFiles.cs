namespace EdgeCrab.Tests.Support;

/// <summary>Files written for a browser to upload, each in a fresh temporary folder so that its name is exactly the one given.</summary>
internal static class UploadFiles
{
    public static string Write(string name, byte[] bytes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "edgecrab-uploads", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
