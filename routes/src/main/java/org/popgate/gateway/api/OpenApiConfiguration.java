package org.popgate.gateway.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}: the {@code /api/v1} surface and how callers authenticate. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI popgateOpenApi() {
        return new OpenAPI()
                .info(new Info().title("popgate API").version("v1").description(
                        "Errors are RFC 9457 problem details with a stable `code` property (urn:popgate:problem:<code>). "
                                + "No personal data travels in URLs: ID numbers go in request bodies."))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("People: HTTP Basic with an account of the gateway"))
                        .addSecuritySchemes("mutualTLS", new SecurityScheme().type(SecurityScheme.Type.MUTUALTLS)
                                .description("Member systems: the TLS certificate the gateway's CA issued to the member")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("mutualTLS"));
    }
}
