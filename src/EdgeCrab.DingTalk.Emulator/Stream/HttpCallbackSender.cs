using System.Globalization;
using System.Text;
using EdgeCrab.DingTalk.Emulator.Control;
using EdgeCrab.DingTalk.Security;
using Microsoft.Extensions.Logging;

namespace EdgeCrab.DingTalk.Emulator.Stream;

/// <summary>
/// DingTalk's HTTP mode: each robot callback is POSTed to the app's URL with <c>timestamp</c> and <c>sign</c> headers
/// (signed by the protocol library's <see cref="CallbackSignature"/>). A 2xx answer settles it; anything else is
/// retried after the redelivery delay, up to the delivery limit.
/// </summary>
internal sealed class HttpCallbackSender : IDisposable
{
    private static readonly TimeSpan RetryTick = TimeSpan.FromMilliseconds(50);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CallbackSignature _signature;
    private readonly EmulatorOptions _options;
    private readonly CallbackLedger _ledger;
    private readonly FaultSwitches _faults;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();

    public HttpCallbackSender(EmulatorApp emulator, CallbackLedger ledger, FaultSwitches faults, TimeProvider clock, ILogger<HttpCallbackSender> log)
    {
        _options = emulator.Options;
        _signature = new CallbackSignature(_options.HttpCallbackSigningSecret ?? emulator.Credentials.AppSecret);
        _ledger = ledger;
        _faults = faults;
        _clock = clock;
        _log = log;
    }

    public bool Enabled => _options.HttpCallbackUrl is not null;

    public void Push(PendingCallback callback)
    {
        _ledger.Add(callback);
        _ = Task.Run(() => DeliverAsync(callback));
    }

    private async Task DeliverAsync(PendingCallback callback)
    {
        try
        {
            while (!_ledger.IsSettled(callback, _options.MaxDeliveries))
            {
                if (!_ledger.TryClaim(callback, _clock.GetUtcNow(), _faults.RedeliverAfter, _options.MaxDeliveries))
                {
                    // Not due yet: the redelivery delay (which a fault can change) has not passed.
                    await Task.Delay(RetryTick, _clock, _stopping.Token).ConfigureAwait(false);
                    continue;
                }
                var accepted = await PostAsync(callback).ConfigureAwait(false);
                _ledger.Answered(callback, _clock.GetUtcNow(), accepted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The emulator stops.
        }
    }

    private async Task<bool> PostAsync(PendingCallback callback)
    {
        var timestamp = (_clock.GetUtcNow() + _options.HttpCallbackClockSkew).ToUnixTimeMilliseconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.HttpCallbackUrl)
        {
            Content = new StringContent(callback.Data, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("sign", _signature.Sign(timestamp));
        try
        {
            using var response = await _http.SendAsync(request, _stopping.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                _log.LogInformation("HTTP callback {MsgId} answered {Status}; it will be sent again", callback.MsgId, (int)response.StatusCode);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException e)
        {
            _log.LogInformation("HTTP callback {MsgId} could not be delivered ({Error}); it will be sent again", callback.MsgId, e.HttpRequestError);
            return false;
        }
        catch (TaskCanceledException) when (!_stopping.IsCancellationRequested)
        {
            _log.LogInformation("HTTP callback {MsgId} timed out; it will be sent again", callback.MsgId);
            return false;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _http.Dispose();
        _stopping.Dispose();
    }
}
