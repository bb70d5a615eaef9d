package dev.udsotel.bench;

/** The smallest program there is: what the agent adds to start-up is measured against it. */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
