// Preloaded (node --require) into every Azurite that AzuriteInstance starts. A test host that
// crashes or is killed never disposes its instances; once the host is gone the kernel reparents
// Azurite, its parent pid changes, and Azurite shuts itself down instead of lingering as an orphan.
'use strict';

const fs = require('fs');
const path = require('path');

const parentPid = process.ppid;

const timer = setInterval(() => {
  if (process.ppid === parentPid) {
    return;
  }

  clearInterval(timer);

  // Nobody is left to delete the instance's temp folder (Azurite's working directory) but us.
  const workDirectory = process.cwd();
  if (path.basename(workDirectory).startsWith('ikma-azurite-')) {
    process.on('exit', () => fs.rmSync(workDirectory, { recursive: true, force: true }));
  }

  // Azurite closes its servers on SIGTERM; exit anyway if that stalls.
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(0), 5000).unref();
}, 1000);

// The watchdog alone must never keep node alive.
timer.unref();
