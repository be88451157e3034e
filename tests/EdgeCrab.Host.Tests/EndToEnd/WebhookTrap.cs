using System.Net;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>A loopback HTTP listener posing as a forged session webhook; it counts every call it gets.</summary>
internal sealed class WebhookTrap : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _calls;

    public WebhookTrap()
    {
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/robot/sendBySession?session=forged";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url { get; }

    public int Calls => Volatile.Read(ref _calls);

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            try
            {
                var context = await _listener.GetContextAsync();
                Interlocked.Increment(ref _calls);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }


    public void Dispose() => _listener.Close();
}
