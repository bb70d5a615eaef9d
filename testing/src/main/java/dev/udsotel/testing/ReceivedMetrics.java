package dev.udsotel.testing;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The metrics an {@link OtlpReceiver} got, decoded from the OTLP protobuf bytes. Cumulative metrics: the totals are
 * those of the last export that holds the metric (each export repeats every point with its running total); delta
 * metrics are summed over every export.
 */
public record ReceivedMetrics(List<ExportMetricsServiceRequest> requests) {

    /** One data point of a histogram or a sum: its attributes as strings, and its count (histogram) or value (sum). */
    public record Point(String metric, Map<String, String> attributes, long value) {}

    /** Every metric name received. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Metric m : all()) {
            if (!names.contains(m.getName())) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** The points of the named histogram (their counts) or sum (their values), as the totals stand at the end. */
    public List<Point> points(String name) {
        List<Point> points = new ArrayList<>();
        boolean cumulative = true;
        for (ExportMetricsServiceRequest request : requests) {
            List<Point> inRequest = new ArrayList<>();
            for (Metric m : metricsOf(request, name)) {
                if (m.hasHistogram()) {
                    cumulative = m.getHistogram().getAggregationTemporality()
                            == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                    m.getHistogram()
                            .getDataPointsList()
                            .forEach(p ->
                                    inRequest.add(new Point(name, attributes(p.getAttributesList()), p.getCount())));
                } else if (m.hasSum()) {
                    cumulative = m.getSum().getAggregationTemporality()
                            == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                    m.getSum()
                            .getDataPointsList()
                            .forEach(p -> inRequest.add(new Point(
                                    name,
                                    attributes(p.getAttributesList()),
                                    p.hasAsInt() ? p.getAsInt() : Math.round(p.getAsDouble()))));
                }
            }
            if (!inRequest.isEmpty()) {
                if (cumulative) {
                    points.clear();
                }
                points.addAll(inRequest);
            }
        }
        return points;
    }

    /** The sum of the named metric's counts (histogram) or values (sum) over the points that match. */
    public long total(String name, Predicate<Map<String, String>> attributes) {
        return points(name).stream()
                .filter(p -> attributes.test(p.attributes()))
                .mapToLong(Point::value)
                .sum();
    }

    public long total(String name) {
        return total(name, a -> true);
    }

    private List<Metric> all() {
        List<Metric> all = new ArrayList<>();
        requests.forEach(r -> r.getResourceMetricsList()
                .forEach(rm -> rm.getScopeMetricsList().forEach(sm -> all.addAll(sm.getMetricsList()))));
        return all;
    }

    private static List<Metric> metricsOf(ExportMetricsServiceRequest request, String name) {
        List<Metric> found = new ArrayList<>();
        request.getResourceMetricsList()
                .forEach(rm -> rm.getScopeMetricsList()
                        .forEach(sm -> sm.getMetricsList().stream()
                                .filter(m -> m.getName().equals(name))
                                .forEach(found::add)));
        return found;
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> map = new TreeMap<>();
        for (KeyValue kv : list) {
            var v = kv.getValue();
            map.put(
                    kv.getKey(),
                    v.hasStringValue()
                            ? v.getStringValue()
                            : v.hasIntValue()
                                    ? String.valueOf(v.getIntValue())
                                    : v.hasBoolValue()
                                            ? String.valueOf(v.getBoolValue())
                                            : v.hasDoubleValue() ? String.valueOf(v.getDoubleValue()) : v.toString());
        }
        return map;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(requests.size() + " metrics request(s)");
        for (String name : names()) {
            text.append("\n  ").append(name).append(": ").append(points(name));
        }
        return text.toString();
    }
}
