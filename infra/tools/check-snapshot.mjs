// Checks a deployment snapshot of infra/main.bicep (`bicep snapshot`: the resources the template would deploy, with
// every value known before deployment filled in) against the rules of issue 12. Usage:
//   node infra/tools/check-snapshot.mjs <main.snapshot.json> <secrets-set: true|false> <sendgrid: true|false> <previous-key: true|false>
// Prints each broken rule and exits 1, or prints one line and exits 0.
import { readFileSync } from "node:fs";

const [file, secretsSetText, sendGridText, previousKeyText] = process.argv.slice(2);
const snapshot = JSON.parse(readFileSync(file, "utf8"));
const secretsSet = secretsSetText === "true";
const sendGrid = sendGridText === "true";
const previousKey = previousKeyText === "true";
const resources = snapshot.predictedResources;
const failures = [];
const check = (ok, rule) => { if (!ok) failures.push(rule); };
const ofType = (type) => resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
const one = (type) => {
  const found = ofType(type);
  check(found.length === 1, `exactly one ${type} (found ${found.length})`);
  return found[0] ?? { properties: {} };
};

// No account key, SAS or connection string with a key anywhere: every connection is by identity.
const text = JSON.stringify(snapshot);
for (const forbidden of ["AccountKey=", "listKeys(", "SharedAccessSignature", "listAccountSas(", "listServiceSas("]) {
  check(!text.includes(forbidden), `nothing in the template holds or reads a storage key ("${forbidden}")`);
}

const storage = one("Microsoft.Storage/storageAccounts").properties;
check(storage.allowSharedKeyAccess === false, "storage: allowSharedKeyAccess is false");
check(storage.minimumTlsVersion === "TLS1_2", "storage: minimumTlsVersion is TLS1_2");
check(storage.allowBlobPublicAccess === false, "storage: allowBlobPublicAccess is false");
check(storage.supportsHttpsTrafficOnly === true, "storage: supportsHttpsTrafficOnly is true");
const blobService = one("Microsoft.Storage/storageAccounts/blobServices").properties;
check(blobService.deleteRetentionPolicy?.enabled === true && blobService.containerDeleteRetentionPolicy?.enabled === true,
  "storage: blob and container soft delete are on");
check(blobService.isVersioningEnabled === false, "storage: blob versioning is off (versions would outlive the retention purge's deletes)");

const plan = one("Microsoft.Web/serverfarms");
check(plan.sku?.name === "FC1" && plan.sku?.tier === "FlexConsumption", "plan: Flex Consumption FC1");

const site = one("Microsoft.Web/sites");
const identityId = one("Microsoft.ManagedIdentity/userAssignedIdentities").id;
const config = site.properties.functionAppConfig ?? {};
check(config.runtime?.name === "dotnet-isolated" && config.runtime?.version === "10.0", "app: runtime dotnet-isolated 10.0");
check(config.deployment?.storage?.authentication?.type === "UserAssignedIdentity"
  && config.deployment.storage.authentication.userAssignedIdentityResourceId === identityId, "app: deployment storage reached by the managed identity");
check(site.identity?.type === "UserAssigned" && Object.keys(site.identity.userAssignedIdentities ?? {}).join() === identityId, "app: runs as the user-assigned identity only");
check(site.properties.keyVaultReferenceIdentity === identityId, "app: Key Vault references resolved with the managed identity");
check(site.properties.httpsOnly === true, "app: HTTPS only");
for (const policy of ofType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")) {
  check(policy.properties.allow === false, `app: basic publishing credentials (${policy.name}) are off`);
}
check(ofType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").length === 2, "app: both basic publishing credential policies are set");

const settings = ofType("Microsoft.Web/sites/config").find((r) => r.name.endsWith("/appsettings"))?.properties ?? {};
check(!("AzureWebJobsStorage" in settings), "settings: no AzureWebJobsStorage connection string");
check(settings.AzureWebJobsStorage__credential === "managedidentity", "settings: AzureWebJobsStorage__credential is managedidentity");
check(typeof settings.AzureWebJobsStorage__accountName === "string" && settings.AzureWebJobsStorage__accountName.length > 0, "settings: AzureWebJobsStorage__accountName");
check(String(settings.AzureWebJobsStorage__clientId).includes(".clientId"), "settings: AzureWebJobsStorage__clientId is the identity's client id");
check(String(settings.APPLICATIONINSIGHTS_CONNECTION_STRING).includes("ConnectionString"), "settings: APPLICATIONINSIGHTS_CONNECTION_STRING");
for (const name of ["TaskHubName", "FollowUpSchedule", "DeadlineSchedule", "RetentionSchedule", "Certificates__PublicBaseUrl", "FollowUp__PublicBaseAddress"]) {
  check(name in settings, `settings: ${name} (the host resolves it or the app needs it in Azure)`);
}
for (const name of ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"]) {
  check(!(name in settings), `settings: no ${name} (Flex Consumption refuses it)`);
}
const secretSettings = {
  OperatorKey: secretsSet,
  PersonalData__EncryptionKey: secretsSet,
  SendGrid__ApiKey: secretsSet && sendGrid,
  PersonalData__PreviousEncryptionKey: secretsSet && previousKey,
};
for (const [name, expected] of Object.entries(secretSettings)) {
  check((name in settings) === expected, `settings: ${name} ${expected ? "is set" : "is left out"}`);
  if (name in settings) {
    check(String(settings[name]).startsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/"), `settings: ${name} is a Key Vault reference`);
  }
}
check(("SendGrid__FromEmail" in settings) === sendGrid, "settings: SendGrid__FromEmail only with a sender");

const vault = one("Microsoft.KeyVault/vaults").properties;
check(vault.enableRbacAuthorization === true, "vault: RBAC mode");
check(vault.enableSoftDelete === true && vault.enablePurgeProtection === true, "vault: soft delete and purge protection");
check(!ofType("Microsoft.KeyVault/vaults/secrets").length, "vault: the template creates no secret");

// The app's identity holds exactly these roles (by role definition id), and nothing at the resource group or above.
const expectedRoles = new Map([
  ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner"],
  ["974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor"],
  ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor"],
  ["4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User"],
]);
const appAssignments = ofType("Microsoft.Authorization/roleAssignments").filter((r) => String(r.properties.principalId).includes(identityId));
const granted = appAssignments.map((r) => r.properties.roleDefinitionId.split("/").pop()).sort();
check(JSON.stringify(granted) === JSON.stringify([...expectedRoles.keys()].sort()),
  `identity: exactly ${[...expectedRoles.values()].join(", ")} (granted: ${granted.join(", ")})`);
for (const assignment of appAssignments) {
  check(/\/providers\/Microsoft\.(Storage\/storageAccounts|KeyVault\/vaults)\/[^/]+\/providers\/Microsoft\.Authorization\/roleAssignments\//.test(assignment.id),
    `identity: role assignment ${assignment.name} is scoped to the storage account or the vault`);
}

const workspace = one("Microsoft.OperationalInsights/workspaces");
const diagnostics = ofType("Microsoft.Insights/diagnosticSettings");
for (const target of ["/blobServices/default/", "/tableServices/default/", "/Microsoft.KeyVault/vaults/"]) {
  check(diagnostics.some((d) => d.id.includes(target) && d.properties.workspaceId === workspace.id && d.properties.logs.every((l) => l.enabled)),
    `monitoring: access logs of ${target.replaceAll("/", " ").trim()} go to the workspace`);
}
const insights = one("Microsoft.Insights/components");
check(insights.properties.WorkspaceResourceId === workspace.id, "monitoring: Application Insights is workspace-based");

if (failures.length) {
  for (const failure of failures) console.error(`infra: rule broken: ${failure}`);
  process.exit(1);
}
console.log(`infra: snapshot (secrets set: ${secretsSet}, SendGrid: ${sendGrid}, previous key: ${previousKey}): ${resources.length} resources, every rule holds`);
