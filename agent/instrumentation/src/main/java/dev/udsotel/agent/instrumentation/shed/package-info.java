/**
 * Shedding whole exchanges while the export thread is over its {@code export.cpu} budget: the budget itself
 * ({@link dev.udsotel.agent.instrumentation.shed.CpuBudget}), the rate application threads read where an exchange
 * begins ({@link dev.udsotel.agent.instrumentation.shed.ExchangeShedding}), and the exchanges already assembled that
 * are counted instead of exported ({@link dev.udsotel.agent.instrumentation.shed.SheddingListener}).
 */
package dev.udsotel.agent.instrumentation.shed;
