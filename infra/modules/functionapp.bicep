// The function app on the Flex Consumption plan (FC1): Linux, .NET isolated worker on .NET 10, running as the
// user-assigned managed identity, with every storage connection and every secret reached through that identity.

@description('Azure region.')
param location string

@description('Prefix of every resource name, such as ikma-prod.')
param namePrefix string

@description('Suffix that makes the app\'s name unique in Azure.')
param uniqueSuffix string

@description('Tags for every resource.')
param tags { *: string }

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Storage account name.')
param storageAccountName string

@description('Blob endpoint of the storage account, ending with a slash.')
param blobEndpoint string

@description('Container the plan deploys the app package from.')
param deploymentContainerName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Vault URI, ending with a slash.')
param vaultUri string

@description('Whether the vault holds operator-key and personal-data-encryption-key (and sendgrid-api-key when SendGrid is used).')
param keyVaultSecretsSet bool

@description('Whether the vault holds personal-data-previous-encryption-key: only while the encryption key is being rotated.')
param previousEncryptionKeySet bool

@description('SendGrid sender address, or empty to write emails to the emails container instead of sending them.')
param sendGridFromEmail string

@description('Public base URL without a trailing slash, or empty for the app\'s own https://<default host name>.')
param publicBaseUrl string

@description('The Durable Task hub (TaskHubName).')
param taskHubName string

@description('Prefix of the record tables and containers (Records__Prefix).')
param recordsPrefix string

@description('Most instances the plan scales the app out to.')
param maximumInstanceCount int

@description('Memory of each instance in MB.')
param instanceMemoryMB int

@description('Instances kept running for the HTTP functions (0: the app scales to zero and the first request after a quiet spell waits for a start).')
param alwaysReadyHttpInstances int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'asp-${namePrefix}-${uniqueSuffix}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${namePrefix}-${uniqueSuffix}'
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // App Service resolves the @Microsoft.KeyVault(...) settings with this identity (there is no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No publishing user names and passwords: deployments sign in with Microsoft Entra ID (the workflow's federated
// identity), never with basic authentication.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

var baseUrl = empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : (endsWith(publicBaseUrl, '/') ? take(publicBaseUrl, length(publicBaseUrl) - 1) : publicBaseUrl)

// Versionless secret URIs: the app follows the newest version of each secret (docs/operations.md, "Rotating keys").
func secretReference(vaultUri string, secretName string) string => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName}/)'

// A reference to a secret that does not exist would reach the app as the literal "@Microsoft.KeyVault(...)" text,
// which the operator-key check accepts as a key anyone could guess. So references are only set once the operator
// has put the secrets in the vault and deploys with keyVaultSecretsSet=true (docs/deployment.md). Until then the
// operator routes answer 503, emails go to the emails container, and the app does not start for want of
// PersonalData__EncryptionKey.
var secretSettings = keyVaultSecretsSet
  ? union(
      {
        OperatorKey: secretReference(vaultUri, 'operator-key')
        PersonalData__EncryptionKey: secretReference(vaultUri, 'personal-data-encryption-key')
      },
      empty(sendGridFromEmail) ? {} : { SendGrid__ApiKey: secretReference(vaultUri, 'sendgrid-api-key') },
      previousEncryptionKeySet
        ? { PersonalData__PreviousEncryptionKey: secretReference(vaultUri, 'personal-data-previous-encryption-key') }
        : {}
    )
  : {}

// Every app setting of the app: this resource replaces the whole list at each deployment, so a setting added by hand
// in the portal lasts only until the next deployment. Flex Consumption takes the worker runtime from functionAppConfig
// and refuses FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION as settings.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(
    {
      // Identity-based host storage: the Functions host, the queue trigger, the Durable Task hub and the app's own
      // table, blob and queue clients all read this one connection.
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
      AzureFunctionsWebHost__hostid: take(namePrefix, 32)
      TaskHubName: taskHubName
      Records__Prefix: recordsPrefix
      // Timer schedules are UTC (WEBSITE_TIME_ZONE is not supported on Linux plans): 08:00 and 02:00 WIB.
      FollowUpSchedule: '0 0 1 * * *'
      DeadlineSchedule: '0 0 1 * * *'
      RetentionSchedule: '0 0 19 * * *'
      Certificates__PublicBaseUrl: baseUrl
      FollowUp__PublicBaseAddress: '${baseUrl}/'
    },
    empty(sendGridFromEmail) ? {} : { SendGrid__FromEmail: sendGridFromEmail },
    secretSettings
  )
}

@description('The app\'s name.')
output name string = app.name

@description('The app\'s default host name, such as func-ikma-prod-abc.azurewebsites.net.')
output defaultHostName string = app.properties.defaultHostName

@description('The public base URL the app builds certificate and email links on.')
output publicBaseUrl string = baseUrl
