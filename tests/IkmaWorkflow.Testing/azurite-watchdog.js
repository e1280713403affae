// Preloaded (node --require) into every Azurite that AzuriteInstance starts. A test host that
// crashes or is killed never disposes its instances; once the host is gone the kernel reparents
// Azurite, its parent pid changes, and Azurite shuts itself down instead of lingering as an orphan.
'use strict';

const parentPid = process.ppid;

const timer = setInterval(() => {
  if (process.ppid === parentPid) {
    return;
  }

  clearInterval(timer);
  // Azurite closes its servers on SIGTERM; exit anyway if that stalls.
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(0), 5000).unref();
}, 1000);

// The watchdog alone must never keep node alive.
timer.unref();
