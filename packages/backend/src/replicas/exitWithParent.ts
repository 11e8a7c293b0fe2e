/*
 * Preloaded (`-r`) into each process the replicas test starts: if the test
 * process goes away without stopping it (killed, crashed, a CI timeout), it
 * ends too, with its whole process group. (Exit and signal handlers in the
 * test itself would not do: jest gives tests a process object of their own.)
 */
const parent = process.ppid;

setInterval(() => {
  if (process.ppid !== parent) process.kill(-process.pid, 'SIGKILL');
}, 1000).unref();

export {};
