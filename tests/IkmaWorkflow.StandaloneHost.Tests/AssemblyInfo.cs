using System.Runtime.Versioning;

// The app is deployed to Linux and stopped with POSIX signals; these tests run it that way.
[assembly: SupportedOSPlatform("linux")]
