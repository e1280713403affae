// Each test runs several app processes and an Azurite on a small shared machine; one test at a time keeps their
// timing close to what the tests expect.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
