namespace EdgeCrab.DingTalk;

/// <summary>Where DingTalk's two REST hosts are: the new API (<c>api.dingtalk.com</c>) and the legacy one (<c>oapi.dingtalk.com</c>).</summary>
public sealed record DingTalkEndpoints(Uri ApiBase, Uri OapiBase)
{
    public static readonly DingTalkEndpoints Production = new(new Uri("https://api.dingtalk.com"), new Uri("https://oapi.dingtalk.com"));

    /// <summary>Both hosts on one base URL, as the emulator serves them.</summary>
    public static DingTalkEndpoints SingleHost(Uri baseUri) => new(baseUri, baseUri);

    public Uri Api(string pathAndQuery) => new(ApiBase, pathAndQuery);

    public Uri Oapi(string pathAndQuery) => new(OapiBase, pathAndQuery);
}
