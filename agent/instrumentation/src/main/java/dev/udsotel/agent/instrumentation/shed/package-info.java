/**
 * The rate application threads read where an exchange begins
 * ({@link dev.udsotel.agent.instrumentation.shed.ExchangeShedding}), set from the export thread's
 * {@code export.cpu} budget (core's {@link dev.udsotel.core.shed.CpuBudget}).
 */
package dev.udsotel.agent.instrumentation.shed;
