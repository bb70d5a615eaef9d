/**
 * What the agent asks the operating system, off the hot path: the JVM's own identity ({@link
 * dev.udsotel.agent.instrumentation.host.AgentProcess}), a connection's peer inode and
 * service ({@link dev.udsotel.agent.instrumentation.host.PeerIdentities}, over sock_diag or {@code ss -x}), the
 * peer's pid and service name ({@link dev.udsotel.agent.instrumentation.host.PeerProcesses}), and SCHED_IDLE for the export
 * thread. The native half is {@code src/main/c/sock_diag.c}.
 */
package dev.udsotel.agent.instrumentation.host;
