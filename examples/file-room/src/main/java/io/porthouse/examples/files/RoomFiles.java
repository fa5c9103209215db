package io.porthouse.examples.files;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One room's files, where the room's rules say: in memory for a transient room (gone when its
 * last member leaves, as the room is), in the data directory for a persistent one
 * ({@code <dataDir>/files/<room in hex>/<name>}, kept across restarts). Bounded in count and size
 * per file; names are plain ({@code [A-Za-z0-9._-]}, 1 to 128, not starting with a dot), so a
 * name never leaves the room's directory. The sizes are known without reading a file.
 */
final class RoomFiles {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private final FileSystem fs;
  /** The room's directory, or {@code null}: in memory. */
  private final String dir;
  private final Map<String, Buffer> memory = new LinkedHashMap<>();
  private final Map<String, Long> sizes = new TreeMap<>();

  private RoomFiles(FileSystem fs, String dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** Whether {@code name} may name a file. */
  static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  static RoomFiles inMemory(Vertx vertx) {
    return new RoomFiles(vertx.fileSystem(), null);
  }

  /** The files of a persistent room, read from its directory (made if missing). */
  static Future<RoomFiles> inDirectory(Vertx vertx, Path dataDir, String room) {
    String dir = dataDir.resolve("files").resolve(HexFormat.of().formatHex(room.getBytes(StandardCharsets.UTF_8)))
        .toString();
    RoomFiles files = new RoomFiles(vertx.fileSystem(), dir);
    return files.fs.mkdirs(dir).compose(v -> files.fs.readDir(dir)).compose(paths -> {
      Future<Void> all = Future.succeededFuture();
      for (String p : paths) {
        String name = Path.of(p).getFileName().toString();
        if (validName(name)) {
          all = all.compose(v -> files.fs.props(p).map(props -> {
            files.sizes.put(name, props.size());
            return null;
          }));
        }
      }
      return all.map(files);
    });
  }

  boolean persistent() {
    return dir != null;
  }

  /** Name to size, by name. */
  Map<String, Long> list() {
    return Collections.unmodifiableMap(sizes);
  }

  int count() {
    return sizes.size();
  }

  Long size(String name) {
    return sizes.get(name);
  }

  Future<Buffer> read(String name) {
    return dir == null ? Future.succeededFuture(memory.get(name)) : fs.readFile(Path.of(dir, name).toString());
  }

  Future<Void> write(String name, Buffer content) {
    Future<Void> written = dir == null ? Future.succeededFuture(memory.put(name, content)).mapEmpty()
        : fs.writeFile(Path.of(dir, name).toString(), content);
    return written.onSuccess(v -> sizes.put(name, (long) content.length()));
  }

  Future<Void> delete(String name) {
    Future<Void> deleted = dir == null ? Future.succeededFuture(memory.remove(name)).mapEmpty()
        : fs.delete(Path.of(dir, name).toString());
    return deleted.onSuccess(v -> sizes.remove(name));
  }
}
