package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Command-line tools the checks run. A missing one fails the check in CI (CI=true: .ci/run installs it) and skips it
 * elsewhere with a message that says how to get it.
 */
final class Tools {
    private Tools() {}

    static Optional<Path> find(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The tool's path; without it, a failure in CI and a skip elsewhere. */
    static Path require(String command, String aptPackage) {
        Optional<Path> found = find(command);
        if (found.isEmpty()) {
            String message = command + " is not on the PATH; install it (apt-get install -y " + aptPackage
                    + ") to run this check";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: .ci/run installs it, so a missing tool is an error)");
            }
            Assumptions.abort(message + " - skipped");
        }
        return found.get();
    }

    record Result(int exitCode, String stdout, String stderr) {}

    static Result run(Path directory, List<String> command) {
        try {
            Path out = Files.createTempFile("deploy-checks", ".out");
            Path err = Files.createTempFile("deploy-checks", ".err");
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 120 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
