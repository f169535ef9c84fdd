package io.sluice.runtime.metrics;

import io.sluice.api.metrics.CounterGroup;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;

/**
 * One counter group as a read-only MBean whose attributes are exactly the group's JSON attributes
 * (spec §11.1), with Flume's types: {@code long} counters, {@code double} ChannelFillPercentage,
 * {@code String} Type. Dynamic, because a source may add counters of its own while it runs.
 */
final class CounterGroupMBean implements DynamicMBean {
    private final CounterGroup group;

    CounterGroupMBean(CounterGroup group) {
        this.group = group;
    }

    CounterGroup group() {
        return group;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Object value = group.snapshot().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute + " is not an attribute of " + group.type() + "." + group.name());
        }
        return value;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Object> snapshot = group.snapshot();
        AttributeList out = new AttributeList();
        for (String name : attributes) {
            Object value = snapshot.get(name);
            if (value != null) {
                out.add(new Attribute(name, value));
            }
        }
        return out;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName), "counter groups have no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        Map<String, Object> snapshot = group.snapshot();
        MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[snapshot.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : snapshot.entrySet()) {
            attributes[i++] = new MBeanAttributeInfo(e.getKey(), typeName(e.getValue()), e.getKey(), true, false, false);
        }
        return new MBeanInfo(CounterGroup.class.getName(), group.type() + " " + group.name(), attributes, null,
                new MBeanOperationInfo[0], null);
    }

    /** The JMX type of a snapshot value: the primitive name for boxed numbers and booleans, as Flume's MBeans declare. */
    private static String typeName(Object value) {
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Integer) {
            return "int";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value.getClass().getName();
    }
}
