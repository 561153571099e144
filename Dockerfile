# The yalas command in a container: the model store and job submission in the multi-host deployment.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
COPY --from=build /src/cli/target/yalas-cli-0.1.0.jar /opt/yalas/yalas.jar
COPY --from=build /src/cli/target/lib /opt/yalas/lib
# `yalas sql` runs the SQL client from <yalas.home>/sql/target in a JVM of its own.
COPY --from=build /src/sql/target/yalas-sql-0.1.0.jar /opt/yalas/sql/target/
COPY --from=build /src/sql/target/lib /opt/yalas/sql/target/lib
ENTRYPOINT ["java", "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED", \
            "-Dyalas.home=/opt/yalas", "-cp", "/opt/yalas/yalas.jar:/opt/yalas/lib/*", "io.yalas.cli.Yalas"]
