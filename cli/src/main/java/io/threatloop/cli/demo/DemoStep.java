package io.threatloop.cli.demo;

import java.util.List;

/** One commit of the demo repository and the events it must cause. */
public record DemoStep(String title, String spec, List<Expectation> expectations) {
}
