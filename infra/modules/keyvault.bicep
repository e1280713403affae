// The Key Vault holding the app's secrets: the operator key, the SendGrid key and the personal-data encryption key
// (and, during a rotation, the previous encryption key). The template creates no secret and takes no secret value:
// an operator sets each one with `az keyvault secret set` (docs/deployment.md), so no value passes through a
// deployment, its parameters or its history.

@description('Azure region.')
param location string

@description('Key Vault name: 3-24 letters, digits and hyphens, unique in Azure.')
@minLength(3)
@maxLength(24)
param name string

@description('Tags for every resource.')
param tags { *: string }

@description('Resource id of the app\'s user-assigned managed identity: names its role assignment, so it is known before deployment.')
param appIdentityId string

@description('Principal id of the app\'s user-assigned managed identity: it reads secrets, nothing else.')
param appPrincipalId string

@description('Object id of the operators\' Microsoft Entra group, or empty: it sets and rotates the secrets.')
param operatorsPrincipalId string

@description('Log Analytics workspace that receives the vault\'s audit log.')
param workspaceId string

// RBAC mode (no access policies). Soft delete keeps a deleted secret or vault 90 days, and purge protection forbids
// purging it before then, so an encryption key deleted by mistake can always be recovered: without it every
// encrypted name in the tables would be lost.
resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Every read and change of a secret, with who did it: the trail for a key rotation or a breach investigation.
resource auditLog 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'audit-log'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

// Key Vault Secrets User: read secret values, which App Service does for the @Microsoft.KeyVault(...) app settings
// through the identity named in keyVaultReferenceIdentity.
resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appIdentityId, secretsUser)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

resource operatorsSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorsPrincipalId)) {
  scope: vault
  name: guid(vault.id, operatorsPrincipalId, secretsOfficer)
  properties: {
    principalId: operatorsPrincipalId
    principalType: 'Group'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficer)
  }
}

@description('Key Vault name.')
output name string = vault.name

@description('Vault URI, such as https://<name>.vault.azure.net/.')
output uri string = vault.properties.vaultUri
