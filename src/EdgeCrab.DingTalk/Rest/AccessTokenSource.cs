namespace EdgeCrab.DingTalk.Rest;

/// <summary>Which endpoint issues access tokens: the new <c>/v1.0/oauth2/accessToken</c> or the legacy <c>/gettoken</c>.</summary>
public enum AccessTokenSource
{
    NewApi,
    Legacy,
}
