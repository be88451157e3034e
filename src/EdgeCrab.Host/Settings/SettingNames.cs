namespace EdgeCrab.Host.Settings;

/// <summary>The environment variables (and command-line keys) the gateway reads; DESIGN.md's contract, spelled once.</summary>
public static class SettingNames
{
    public const string AppKey = "DINGTALK_APP_KEY";
    public const string AppSecret = "DINGTALK_APP_SECRET";
    public const string RobotCode = "DINGTALK_ROBOT_CODE";
    public const string AllowedUsers = "DINGTALK_ALLOWED_USERS";
    public const string WebhookPort = "DINGTALK_WEBHOOK_PORT";
    public const string ApiBase = "DINGTALK_API_BASE";
    public const string OapiBase = "DINGTALK_OAPI_BASE";
    public const string CardTemplateId = "DINGTALK_CARD_TEMPLATE_ID";
    public const string AdminUsers = "DINGTALK_ADMIN_USERS";
    public const string Home = "EDGECRAB_HOME";
    public const string Postgres = "EDGECRAB_POSTGRES";
    public const string ClusterSeeds = "EDGECRAB_CLUSTER_SEEDS";
    public const string ClusterPort = "EDGECRAB_CLUSTER_PORT";
    public const string ClusterHost = "EDGECRAB_CLUSTER_HOST";
    public const string ClusterDiscovery = "EDGECRAB_CLUSTER_DISCOVERY";
    public const string ClusterEndpoints = "EDGECRAB_CLUSTER_ENDPOINTS";
    public const string ClusterPodSelector = "EDGECRAB_CLUSTER_POD_SELECTOR";
    public const string ClusterManagementPort = "EDGECRAB_CLUSTER_MANAGEMENT_PORT";
    public const string ClusterRequiredContacts = "EDGECRAB_CLUSTER_REQUIRED_CONTACTS";
    public const string StreamOwner = "EDGECRAB_STREAM_OWNER";
    public const string HttpPort = "EDGECRAB_HTTP_PORT";
    public const string LlmBaseUrl = "EDGECRAB_LLM_BASE_URL";
    public const string LlmApiKey = "EDGECRAB_LLM_API_KEY";
    public const string Model = "EDGECRAB_MODEL";
    public const string BusyMode = "EDGECRAB_BUSY_MODE";
    public const string MaxConcurrentTurns = "EDGECRAB_MAX_CONCURRENT_TURNS";
    public const string LogLevel = "EDGECRAB_LOG_LEVEL";

    // Gateway tuning: not in DESIGN.md's contract table, defaults suit everyone; tests and odd deployments change them.
    public const string MaxInboundChars = "EDGECRAB_MAX_INBOUND_CHARS";
    public const string PassivateAfter = "EDGECRAB_PASSIVATE_AFTER";
    public const string AckTimeout = "EDGECRAB_ACK_TIMEOUT";
    public const string MaxCallbacksInFlight = "EDGECRAB_MAX_CALLBACKS_IN_FLIGHT";
    public const string CardInterval = "EDGECRAB_CARD_INTERVAL";
}
