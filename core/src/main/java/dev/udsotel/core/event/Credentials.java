package dev.udsotel.core.event;

/** What SCM_CREDENTIALS carried: the sender's claim, checked by the kernel, or what the kernel filled in. */
public record Credentials(int pid, int uid, int gid) {}
