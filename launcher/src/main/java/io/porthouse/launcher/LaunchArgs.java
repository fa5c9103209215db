package io.porthouse.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line of {@code bin/porthouse}:
 * <pre>
 *   porthouse [--conf FILE]                         all verticles, one JVM, not clustered
 *   porthouse [--conf FILE] --cluster NAME...       the named verticles, joining the cluster
 *   porthouse [--conf FILE] token --sub S [--roles a,b] [--ttl 1h]
 *   porthouse [--conf FILE] user add NAME [--roles a,b]   (the password from a prompt or stdin)
 * </pre>
 */
record LaunchArgs(Mode mode, List<String> verticles, Path conf, String sub, List<String> roles, long ttlSeconds) {

  enum Mode { EMBEDDED, CLUSTER, TOKEN, USER_ADD, HELP }

  static final String USAGE = String.join("\n",
      "usage: porthouse [--conf FILE]                      start every verticle in this JVM (embedded)",
      "       porthouse [--conf FILE] --cluster NAME...    start the named verticles (auth rooms router ingress bridge) in a clustered JVM",
      "       porthouse [--conf FILE] token --sub SUB [--roles r1,r2] [--ttl 1h]   print a signed JWT",
      "       porthouse [--conf FILE] user add NAME [--roles r1,r2]   add a built-in account (password from a prompt or stdin)",
      "env: PORTHOUSE_HTTP_PORT, PORTHOUSE_JWT_SECRET, PORTHOUSE_DATA_DIR, PORTHOUSE_CONF, ... (see docs/configuration.md)");

  static LaunchArgs parse(String[] args, Path defaultConf) {
    Mode mode = Mode.EMBEDDED;
    List<String> verticles = new ArrayList<>();
    Path conf = defaultConf;
    String sub = null;
    List<String> roles = List.of();
    long ttl = -1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help", "help" -> mode = Mode.HELP;
        case "--conf" -> conf = Path.of(value(args, ++i, a));
        case "--cluster" -> {
          mode = Mode.CLUSTER;
          while (i + 1 < args.length && !args[i + 1].startsWith("-")) {
            for (String n : args[++i].split(",")) {
              if (!n.isBlank()) {
                verticles.add(n.trim());
              }
            }
          }
          if (verticles.isEmpty()) {
            throw new IllegalArgumentException("--cluster needs verticle names: " + Porthouse.ALL);
          }
          for (String n : verticles) {
            if (!Porthouse.ALL.contains(n)) {
              throw new IllegalArgumentException("unknown verticle '" + n + "' (known: " + Porthouse.ALL + ")");
            }
          }
        }
        case "token" -> mode = Mode.TOKEN;
        case "user" -> {
          if (!"add".equals(value(args, ++i, a))) {
            throw new IllegalArgumentException("user: the one command is 'user add NAME [--roles r1,r2]'");
          }
          mode = Mode.USER_ADD;
          sub = value(args, ++i, "user add");
        }
        case "--sub" -> sub = value(args, ++i, a);
        case "--roles" -> roles = List.of(value(args, ++i, a).split(",")).stream().map(String::trim)
            .filter(s -> !s.isEmpty()).toList();
        case "--ttl" -> ttl = parseDuration(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
      }
    }
    if (mode == Mode.USER_ADD && (sub.isBlank() || sub.length() > 256 || sub.startsWith("-"))) {
      throw new IllegalArgumentException("user add needs a NAME of 1 to 256 characters");
    }
    if (mode == Mode.TOKEN && (sub == null || sub.isBlank())) {
      throw new IllegalArgumentException("token needs --sub");
    }
    return new LaunchArgs(mode, List.copyOf(verticles), conf, sub, roles, ttl);
  }

  /** {@code 90}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d} to seconds. */
  static long parseDuration(String s) {
    try {
      char unit = s.charAt(s.length() - 1);
      long factor = switch (unit) {
        case 's' -> 1;
        case 'm' -> 60;
        case 'h' -> 3600;
        case 'd' -> 86400;
        default -> 0;
      };
      long seconds = factor == 0 ? Long.parseLong(s) : Long.parseLong(s.substring(0, s.length() - 1)) * factor;
      if (seconds <= 0) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 90s, 15m, 1h, 7d)");
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
