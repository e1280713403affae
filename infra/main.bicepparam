// Parameters of infra/main.bicep, read from environment variables so the same file serves the GitHub workflow (which
// sets them from repository variables) and an operator deploying by hand (docs/deployment.md). None is a secret.
using 'main.bicep'

param environmentName = readEnvironmentVariable('IKMA_ENVIRONMENT_NAME', 'prod')

// Comma-separated, such as koordinator1@kemenperin.go.id,koordinator2@kemenperin.go.id
param coordinatorEmails = split(readEnvironmentVariable('IKMA_COORDINATOR_EMAILS'), ',')

param publicBaseUrl = readEnvironmentVariable('IKMA_PUBLIC_BASE_URL', '')

param sendGridFromEmail = readEnvironmentVariable('IKMA_SENDGRID_FROM_EMAIL', '')

param keyVaultSecretsSet = bool(readEnvironmentVariable('IKMA_KEY_VAULT_SECRETS_SET', 'false'))

param previousEncryptionKeySet = bool(readEnvironmentVariable('IKMA_PREVIOUS_ENCRYPTION_KEY_SET', 'false'))

param operatorsGroupObjectId = readEnvironmentVariable('IKMA_OPERATORS_GROUP_OBJECT_ID', '')

param storageSku = readEnvironmentVariable('IKMA_STORAGE_SKU', 'Standard_LRS')
