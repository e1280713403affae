// The app's one storage account: records (tables), documents, certificates and unsent emails (blobs), the email outbox
// queue, the Durable Task hub, the Functions host's own state, and the deployment package. Shared-key access is off:
// everything signs in with Microsoft Entra ID (the app's managed identity; operators with their own accounts).

@description('Azure region.')
param location string

@description('Storage account name: 3-24 lower-case letters and digits, unique in Azure.')
@minLength(3)
@maxLength(24)
param name string

@description('Tags for every resource.')
param tags { *: string }

@description('Replication: Standard_LRS is offered in every region; prefer Standard_ZRS where the region has availability zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Prefix of the record tables and containers (app setting Records__Prefix).')
param recordsPrefix string

@description('Blob container the Flex Consumption plan deploys the app package from.')
param deploymentContainerName string

@description('Resource id of the app\'s user-assigned managed identity: names its role assignments, so they are known before deployment.')
param appIdentityId string

@description('Principal id of the app\'s user-assigned managed identity.')
param appPrincipalId string

@description('Object id of the operators\' Microsoft Entra group, or empty: it gets queue access for the runbook\'s poison-queue steps.')
param operatorsPrincipalId string

@description('Log Analytics workspace that receives the blob and table access logs.')
param workspaceId string

@description('Days a deleted or overwritten blob, or a deleted container, can be brought back.')
@minValue(1)
@maxValue(365)
param blobRecoveryDays int

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

// Soft delete keeps a deleted or overwritten blob (documents, certificate PDFs, unsent emails) and a deleted container
// for blobRecoveryDays, then removes it for good (docs/operations.md, "Restoring from a storage backup"). Versioning, and
// with it point-in-time restore, is off on purpose: a version outlives the delete of its blob, so a photo or certificate
// the retention purge deletes would stay readable for as long as the version is kept, and a lifecycle rule can only age
// versions by when they were written, which would delete a long-kept document's only copy the day it is deleted.
// Tables and queues have no restore in Azure Storage.
resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: false
    deleteRetentionPolicy: {
      enabled: true
      days: blobRecoveryDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobRecoveryDays
    }
  }
}

// The app creates its tables, containers and queues on first use too; creating them here makes them visible before
// the first request and lets a deployment show (what-if) that none is ever replaced. The Durable Task hub's tables,
// queues and containers (<TaskHubName>Instances, ...) and the host's azure-webjobs-* containers are the runtime's.
var containerNames = [
  '${recordsPrefix}-documents'
  '${recordsPrefix}-certificates'
  'emails'
  deploymentContainerName
]

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in containerNames: {
    parent: blobs
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

// Who read, wrote or deleted which blob or table entity, and from where: the trail a personal-data breach
// investigation starts from (docs/operations.md). Queues are left out: the task hub polls them every second, which
// would fill the workspace with nothing an investigation needs.
var accessLogs = [
  for category in [
    'StorageRead'
    'StorageWrite'
    'StorageDelete'
  ]: {
    category: category
    enabled: true
  }
]

resource blobAccessLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: blobs
  name: 'access-logs'
  properties: {
    workspaceId: workspaceId
    logs: accessLogs
  }
}

resource tableAccessLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: tableService
  name: 'access-logs'
  properties: {
    workspaceId: workspaceId
    logs: accessLogs
  }
}

// RecordStore (src/IkmaWorkflow.Programmes/Storage/RecordStore.cs) and the email outbox (EmailStorageNames).
var tableNames = [
  '${recordsPrefix}Organisations'
  '${recordsPrefix}People'
  '${recordsPrefix}Mous'
  '${recordsPrefix}Letters'
  '${recordsPrefix}Programmes'
  '${recordsPrefix}Identities'
  '${recordsPrefix}Certificates'
  '${recordsPrefix}Submissions'
  '${recordsPrefix}WakeUps'
  '${recordsPrefix}SignInLinks'
  '${recordsPrefix}Sessions'
  'EmailOutbox'
]

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

// The SendEmail function's queue and the poison queue the host moves a message to after maxDequeueCount (host.json).
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in [
    'email-outbox'
    'email-outbox-poison'
  ]: {
    parent: queueService
    name: queueName
  }
]

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var blobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var queueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// The app's identity gets data roles on this account only, and no control-plane role (it cannot read keys, change
// settings or delete the account):
// - Storage Blob Data Owner: the Functions host's identity-based AzureWebJobsStorage needs Owner, not Contributor,
//   because it manages blob leases and containers for its own locks (timer singletons, azure-webjobs-hosts) and
//   secrets (azure-webjobs-secrets); Durable Functions keeps partition leases and large payloads in blobs; the app
//   writes documents, certificate PDFs and unsent emails; the Flex Consumption plan reads the deployment package.
// - Storage Queue Data Contributor: the email outbox queue (send, receive, delete, move to poison) and the task hub's
//   control and work-item queues.
// - Storage Table Data Contributor: the record tables, the email outbox table and the task hub's Instances, History
//   and Partitions tables.
var appRoles = [
  blobDataOwner
  queueDataContributor
  tableDataContributor
]

resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appRoles: {
    scope: account
    name: guid(account.id, appIdentityId, roleId)
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Operators peek at and move poison-queue messages (docs/operations.md); they get no table or blob data role, so
// reading personal data stays with the app.
resource operatorsQueueAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorsPrincipalId)) {
  scope: account
  name: guid(account.id, operatorsPrincipalId, queueDataContributor)
  properties: {
    principalId: operatorsPrincipalId
    principalType: 'Group'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueDataContributor)
  }
}

@description('Storage account name.')
output name string = account.name

@description('Blob endpoint, such as https://<name>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob
