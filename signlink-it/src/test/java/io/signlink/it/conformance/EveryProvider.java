package io.signlink.it.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A conformance check, run once against every provider in {@link ProvidersUnderTest}. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(
    name = "{0}",
    autoCloseArguments = false) // started once, stopped after the suite
@MethodSource("io.signlink.it.conformance.ProvidersUnderTest#all")
@interface EveryProvider {}
