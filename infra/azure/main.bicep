// Gatepass on Azure: the bot in Azure Container Apps, its store in Azure Database for PostgreSQL
// (Flexible Server), its registration in Azure Bot Service with the Microsoft Teams channel, and logs in
// Log Analytics. Deploy into an existing resource group:
//
//   az deployment group create -g <resource group> -f infra/azure/main.bicep -p infra/azure/main.parameters.json
//
// Written against the Bicep resource reference (API versions below); not deployed from this repository's
// CI, which has no Azure subscription. See infra/README.md for the app registration it expects.

targetScope = 'resourceGroup'

// --- Names, region, sizes -------------------------------------------------------------------------------

@description('Prefix of every resource name (letters, digits and hyphens).')
@minLength(3)
@maxLength(20)
param namePrefix string = 'gatepass'

@description('Region of the container app, its environment, PostgreSQL and Log Analytics. The Azure Bot resource is global.')
param location string = resourceGroup().location

@description('The bot image, e.g. myregistry.azurecr.io/gatepass:1.0.0 (built with infra/Dockerfile).')
param image string

@description('Registry server to pull the image from (e.g. myregistry.azurecr.io); empty for a public image.')
param registryServer string = ''

@description('User name for the registry (for Azure Container Registry: the admin user or a token name).')
param registryUsername string = ''

@description('Password for the registry.')
@secure()
param registryPassword string = ''

@description('Replicas always running. At least 1: the reconcile and nudge loops run inside the bot, so it must not scale to zero.')
@minValue(1)
param minReplicas int = 1

@description('Replicas at most. Several are safe: they share the store, and nudges and card posts are claimed there (infra/README.md).')
@minValue(1)
@maxValue(30)
param maxReplicas int = 3

@description('vCPU per replica (a string, since Bicep has no decimals), paired with memory as Container Apps allows: 0.25/0.5Gi, 0.5/1Gi, 1/2Gi.')
param containerCpu string = '0.5'

@description('Memory per replica. The image caps the V8 heap at 160 MB (NODE_OPTIONS); on PostgreSQL the bot peaked near 240 MB resident under load.')
param containerMemory string = '1Gi'

@description('PostgreSQL compute size. Standard_B1ms (Burstable) suits a trial or a small tenant; use a General Purpose size (e.g. Standard_D2ds_v5) in production.')
param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL storage in GB.')
param postgresStorageGb int = 32

@description('PostgreSQL administrator login (the bot connects with it; create a narrower role later if you prefer).')
param postgresAdminLogin string = 'gatepass'

@description('PostgreSQL administrator password.')
@secure()
param postgresAdminPassword string

@description('Azure Bot pricing tier. Microsoft Teams is a standard channel, free on F0; S1 is for premium channels.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Days Log Analytics keeps the logs.')
param logRetentionDays int = 30

// --- Gatepass settings (see .env.sample and docs/production-sso.md) ---------------------------------------

@description('The bot\'s Entra app registration (client) id: MicrosoftAppId.')
param botAppId string

@description('The app registration\'s client secret: MicrosoftAppPassword.')
@secure()
param botAppPassword string

@description('Your Entra tenant id: MicrosoftAppTenantId. The only tenant the bot serves.')
param botTenantId string = tenant().tenantId

@description('The Teams app\'s manifest id (TEAMS_APP_ID), to install the app for people who never opened it.')
param teamsAppId string

@description('The https page Teams opens for SSO consent (SSO_SIGN_IN_LINK).')
param ssoSignInLink string

@description('Passphrase that encrypts the delegated-token cache (TOKEN_CACHE_KEY); the same on every replica.')
@secure()
param tokenCacheKey string

@description('Other Gatepass settings as name/value pairs, e.g. {"NUDGE_RATE_PER_SECOND": "50", "PIM_GROUP_IDS": "..."}.')
param additionalSettings object = {}

// --- Names ----------------------------------------------------------------------------------------------

var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  logs: '${namePrefix}-logs'
  environment: '${namePrefix}-env'
  app: '${namePrefix}-bot'
  // Server and bot names are global across Azure: a hash of the resource group keeps them unique.
  postgres: '${namePrefix}-pg-${suffix}'
  bot: '${namePrefix}-${suffix}'
}
var databaseName = 'gatepass'

// --- Log Analytics --------------------------------------------------------------------------------------

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

// --- PostgreSQL -----------------------------------------------------------------------------------------

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: names.postgres
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: { storageSizeGB: postgresStorageGb }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    // Public access limited by the firewall rule below. For a private setup, put the Container Apps
    // environment in a virtual network and give the server a delegated subnet instead.
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 is Azure's convention for "connections from Azure services": a consumption Container Apps
// environment has no fixed outbound address to allow instead. It admits any Azure tenant's services, so
// the password (and TLS, required by the server) is what protects the database; prefer the virtual
// network setup above for production.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// --- Container Apps -------------------------------------------------------------------------------------

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: names.environment
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

// Azure's servers present certificates from public CAs that Node trusts, so verify-full needs no CA file.
var databaseUrl = 'postgres://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=verify-full'

var registrySecrets = empty(registryServer) ? [] : [{ name: 'registry-password', value: registryPassword }]
var registries = empty(registryServer) ? [] : [{ server: registryServer, username: registryUsername, passwordSecretRef: 'registry-password' }]

var settings = [
  { name: 'GATEPASS_MODE', value: 'production' }
  { name: 'PORT', value: '3978' }
  { name: 'LOG_LEVEL', value: 'info' }
  { name: 'MicrosoftAppId', value: botAppId }
  { name: 'MicrosoftAppPassword', secretRef: 'microsoft-app-password' }
  { name: 'MicrosoftAppType', value: 'SingleTenant' }
  { name: 'MicrosoftAppTenantId', value: botTenantId }
  { name: 'TEAMS_APP_ID', value: teamsAppId }
  { name: 'SSO_SIGN_IN_LINK', value: ssoSignInLink }
  { name: 'DATABASE_URL', secretRef: 'database-url' }
  { name: 'TOKEN_CACHE_KEY', secretRef: 'token-cache-key' }
]
var extraSettings = [for setting in items(additionalSettings): { name: setting.key, value: string(setting.value) }]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: names.app
  location: location
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        // Teams (the Bot Connector) calls https://<fqdn>/api/messages; Container Apps terminates TLS.
        external: true
        targetPort: 3978
        transport: 'auto'
        allowInsecure: false
      }
      secrets: concat([
        { name: 'microsoft-app-password', value: botAppPassword }
        { name: 'database-url', value: databaseUrl }
        { name: 'token-cache-key', value: tokenCacheKey }
      ], registrySecrets)
      registries: registries
    }
    template: {
      containers: [
        {
          name: 'gatepass'
          image: image
          resources: {
            cpu: json(containerCpu)
            memory: containerMemory
          }
          env: concat(settings, extraSettings)
          probes: [
            {
              // The bot migrates the store before it listens: allow about a minute (the API allows
              // at most 10 failures).
              type: 'Startup'
              httpGet: { path: '/healthz', port: 3978 }
              initialDelaySeconds: 5
              periodSeconds: 5
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: { path: '/healthz', port: 3978 }
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/healthz', port: 3978 }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: { metadata: { concurrentRequests: '50' } }
          }
        ]
      }
    }
  }
  dependsOn: [
    database
    allowAzureServices
  ]
}

// --- Azure Bot ------------------------------------------------------------------------------------------

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: names.bot
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'Gatepass'
    description: 'Time-bound access to internal AI tools through Microsoft Entra ID Governance.'
    endpoint: 'https://${app.properties.configuration.ingress.fqdn}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// --- Outputs --------------------------------------------------------------------------------------------

@description('The messaging endpoint registered with Azure Bot Service.')
output messagingEndpoint string = bot.properties.endpoint

@description('The bot\'s host name: BOT_DOMAIN for `npm run package:app`.')
output botDomain string = app.properties.configuration.ingress.fqdn

@description('The PostgreSQL server\'s host name.')
output postgresHost string = postgres.properties.fullyQualifiedDomainName
