// IKMA Workflow in one resource group: storage, the function app on Flex Consumption, its managed identity, Key Vault,
// Log Analytics and Application Insights. Deploy with
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam   (docs/deployment.md)
// Nothing here takes or holds a secret value: secrets are set in Key Vault by an operator and referenced by name.

targetScope = 'resourceGroup'

@description('Short environment name in resource names, such as prod or test: 2-8 lower-case letters and digits.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region for every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Email addresses of the ministry coordinators: they get the error alerts; register them as coordinators in the app after deployment (docs/deployment.md).')
@minLength(1)
param coordinatorEmails string[]

@description('Public base URL of the app, such as https://ikma.kemenperin.go.id, without a trailing slash: every certificate\'s QR code links to <this>/api/verify/<number> and emails link pages under it, so it must stay reachable for years. Empty: the app\'s own https://<default host name>.')
@maxLength(171)
param publicBaseUrl string = ''

@description('SendGrid sender address, verified in SendGrid. Empty: emails are not sent but written to the emails container (a trial without SendGrid).')
param sendGridFromEmail string = ''

@description('Set to true once Key Vault holds operator-key, personal-data-encryption-key and (with a sender address) sendgrid-api-key: only then do the app settings reference them (docs/deployment.md, step 5).')
param keyVaultSecretsSet bool = false

@description('Set to true only while the personal-data encryption key is being rotated and Key Vault holds personal-data-previous-encryption-key (docs/operations.md).')
param previousEncryptionKeySet bool = false

@description('Object id of the operators\' Microsoft Entra group, or empty: it may set Key Vault secrets and handle the email poison queue.')
param operatorsGroupObjectId string = ''

@description('Storage replication: Standard_ZRS where the region has availability zones. GRS and GZRS also copy the data to the paired region, which may be outside Indonesia.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days a deleted or overwritten blob, or a deleted container, can be restored (blob soft delete); after them it is gone for good, which is also how long personal data deleted by the retention purge stays recoverable.')
@minValue(1)
@maxValue(365)
param blobRecoveryDays int = 35

@description('Days logs and traces are kept in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Most instances the Flex Consumption plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Instances kept running for the HTTP functions, billed while idle; 0 lets the app scale to zero (a first request after a quiet spell then waits for an instance to start).')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 0

var namePrefix = 'ikma-${environmentName}'
var uniqueSuffix = take(uniqueString(subscription().id, resourceGroup().id, environmentName), 6)
var tags = {
  application: 'ikma-workflow'
  environment: environmentName
}
var recordsPrefix = 'ikma'
var taskHubName = 'ikma'
var deploymentContainerName = 'app-package'

// The app's one identity. User-assigned, so its roles are granted before the app exists and survive the app being
// recreated; it is also the identity AzureWebJobsStorage__clientId names.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${namePrefix}-${uniqueSuffix}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: namePrefix
    tags: tags
    alertEmails: coordinatorEmails
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: take('stikma${environmentName}${uniqueSuffix}', 24)
    tags: tags
    skuName: storageSku
    recordsPrefix: recordsPrefix
    deploymentContainerName: deploymentContainerName
    appIdentityId: identity.id
    appPrincipalId: identity.properties.principalId
    operatorsPrincipalId: operatorsGroupObjectId
    workspaceId: monitoring.outputs.workspaceId
    blobRecoveryDays: blobRecoveryDays
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: 'kv-${namePrefix}-${uniqueSuffix}'
    tags: tags
    appIdentityId: identity.id
    appPrincipalId: identity.properties.principalId
    operatorsPrincipalId: operatorsGroupObjectId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    namePrefix: namePrefix
    uniqueSuffix: uniqueSuffix
    tags: tags
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    vaultUri: vault.outputs.uri
    keyVaultSecretsSet: keyVaultSecretsSet
    previousEncryptionKeySet: previousEncryptionKeySet
    sendGridFromEmail: sendGridFromEmail
    publicBaseUrl: publicBaseUrl
    taskHubName: taskHubName
    recordsPrefix: recordsPrefix
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
  }
}

@description('The function app\'s name (for az functionapp commands and the deployment action).')
output functionAppName string = functionApp.outputs.name

@description('The app\'s address on Azure.')
output appUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Where certificates are verified: every certificate\'s QR code links to <this>/<number>.')
output verificationUrlBase string = '${functionApp.outputs.publicBaseUrl}/api/verify'

@description('Client id of the app\'s managed identity (AzureWebJobsStorage__clientId).')
output identityClientId string = identity.properties.clientId

@description('The Key Vault the operator puts the secrets in.')
output keyVaultName string = vault.outputs.name

@description('The storage account.')
output storageAccountName string = storage.outputs.name

@description('The Application Insights resource.')
output appInsightsName string = monitoring.outputs.appInsightsName
