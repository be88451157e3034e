using System.Diagnostics;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// <c>edgecrab gateway start</c>, run as its own process from a folder with folders in it, as a user starts it from
/// their home directory: it must not watch that tree. ASP.NET Core's slim builder did (an inotify watch on every
/// folder below the working directory, and work on every file written there, the gateway's own journal included).
/// </summary>
public sealed class WorkingDirectorySpecs : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edgecrab-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [LinuxFact]
    public async Task The_gateway_should_watch_no_folder_of_the_directory_it_was_started_from()
    {
        var workingDirectory = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        foreach (var folder in new[] { "projects/a", "projects/b", "music", "notes/2026" }) Directory.CreateDirectory(Path.Combine(workingDirectory, folder));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The home, with the journal, inside the working directory: as ~/.edgecrab is when started from ~.
            Environment = { ["EDGECRAB_HOME"] = Path.Combine(workingDirectory, ".edgecrab"), ["DINGTALK_APP_KEY"] = null, ["DINGTALK_APP_SECRET"] = null },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edgecrab.dll"));
        start.ArgumentList.Add("gateway");
        start.ArgumentList.Add("start");
        using var gateway = Process.Start(start)!;
        try
        {
            var output = new List<string>();
            var started = Task.Run(async () =>
            {
                while (await gateway.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (output) output.Add(line);
                    if (line.Contains("Press Ctrl-C to stop.", StringComparison.Ordinal)) return true;
                }
                return false;
            });
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(60)), "the gateway started: " + string.Join('\n', output));

            Assert.Equal(0, InotifyWatches(gateway.Id));
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
        }
    }

    /// <summary>The inotify watches a process holds, over all its inotify descriptors (one "inotify wd:" line each in fdinfo).</summary>
    private static int InotifyWatches(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd")
            .Where(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)));
}
