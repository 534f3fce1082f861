/* The floor for bench/startup.mjs: a process that answers `initialize` (id 1) and `tools/list`
 * (id 2) with canned results and does nothing else, until stdin ends.
 *   cc -O2 -o /tmp/startup-floor bench/floor.c */
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[65536];
    while (fgets(line, sizeof line, stdin)) {
        if (strstr(line, "\"id\":1,") || strstr(line, "\"id\":1}")) {
            fputs("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-11-25\","
                  "\"capabilities\":{},\"serverInfo\":{\"name\":\"floor\",\"version\":\"1\"}}}\n", stdout);
        } else if (strstr(line, "\"id\":2,") || strstr(line, "\"id\":2}")) {
            fputs("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}\n", stdout);
        }
        fflush(stdout);
    }
    return 0;
}
